package org.hotredis.spring.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hotredis.HotClient;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Makes the beans that open caches depend on HOT Redis's client, so the client exists (and is the
 * process-wide default) before any of them: JCache {@code CacheManager}s, Spring {@code
 * CacheManager}s, and JPA {@code EntityManagerFactory}s (whose Hibernate second-level cache may be
 * HOT Redis's). They depend on the client's {@link HotRedisLifecycle}, which depends on the client.
 * The client in turn depends on the starter's meters, so that they hear of every queue opened.
 *
 * <p>Spring Framework API only, the same under Spring Boot 3 and 4. Beans are found by the types
 * their definitions declare, without creating anything; a factory bean ({@code
 * JCacheManagerFactoryBean}, {@code LocalContainerEntityManagerFactoryBean}) by its own type too.
 */
final class CacheManagerDependencies implements BeanFactoryPostProcessor {
  private static final List<String> DEPENDENT_TYPES =
      List.of(
          "javax.cache.CacheManager",
          "org.springframework.cache.jcache.JCacheManagerFactoryBean",
          "org.springframework.cache.CacheManager",
          "jakarta.persistence.EntityManagerFactory",
          "org.springframework.orm.jpa.AbstractEntityManagerFactoryBean");

  /** The name of the starter's meters bean, which every client bean depends on. */
  static final String METERS = "hotRedisMeters";

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    ClassLoader loader = beanFactory.getBeanClassLoader();
    String[] lifecycles = beanFactory.getBeanNamesForType(HotRedisLifecycle.class, true, false);
    for (String typeName : DEPENDENT_TYPES) {
      if (!ClassUtils.isPresent(typeName, loader)) {
        continue;
      }
      Class<?> type = ClassUtils.resolveClassName(typeName, loader);
      for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
        dependOn(beanFactory, BeanFactoryUtils.transformedBeanName(name), lifecycles);
      }
    }
    if (beanFactory.containsBeanDefinition(METERS)) {
      for (String name : beanFactory.getBeanNamesForType(HotClient.class, true, false)) {
        dependOn(beanFactory, BeanFactoryUtils.transformedBeanName(name), new String[] {METERS});
      }
    }
  }

  private static void dependOn(
      ConfigurableListableBeanFactory beanFactory, String name, String[] dependencies) {
    if (dependencies.length == 0 || !beanFactory.containsBeanDefinition(name)) {
      return;
    }
    BeanDefinition definition = beanFactory.getBeanDefinition(name);
    String[] current = definition.getDependsOn();
    Set<String> dependsOn =
        new LinkedHashSet<>(current == null ? List.of() : Arrays.asList(current));
    List<String> added = new ArrayList<>(Arrays.asList(dependencies));
    added.remove(name);
    dependsOn.addAll(added);
    definition.setDependsOn(dependsOn.toArray(new String[0]));
  }
}
